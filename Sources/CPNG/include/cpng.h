#ifndef CPNG_H
#define CPNG_H
#include <stddef.h>
#include <stdint.h>

/* What a PNG file holds, as stored (before any conversion). */
typedef struct {
    uint32_t width, height;
    int bit_depth;       /* 1, 2, 4, 8 or 16 */
    int color_type;      /* PNG_COLOR_TYPE_* */
    int palette_size;    /* entries in palette (indexed files), else 0 */
    uint8_t palette[256 * 3];
} cpng_info;

enum { CPNG_RAW = 0, CPNG_RGB = 1, CPNG_IDS = 2 };

/* Reads `path`.
   CPNG_RAW: one byte per pixel holding the stored sample (grey value or palette index); only 8-bit or
             smaller grey / indexed files are accepted (anything else fails with a message).
   CPNG_IDS: two bytes per pixel (uint16, host order) holding the stored grey value or palette index
             of any bit depth up to 16; for instance-id maps.
   CPNG_RGB: 3 bytes per pixel, any PNG converted (palette expanded, grey to RGB, 16 → 8 bits, alpha
             dropped).
   Dimensions above `max_pixels` are refused before any pixel buffer is allocated.
   On success returns a malloc'd buffer (free with cpng_free) and fills `info`; on failure returns NULL
   and writes a one-line reason into `err`. */
uint8_t *cpng_read(const char *path, int mode, size_t max_pixels, cpng_info *info, char *err, size_t errlen);

/* Writes an 8-bit PNG. channels: 1 (grey, or indexed when palette != NULL), 3 (RGB). `text` (may be
   NULL) holds tEXt chunks as lines "Key=value" separated by '\n' (keys 1-79 Latin-1 characters).
   Returns 0 on success, else -1 with a reason in `err`. */
int cpng_write(const char *path, uint32_t width, uint32_t height, int channels, const uint8_t *pixels,
               const uint8_t *palette, int palette_size, const char *text, char *err, size_t errlen);

void cpng_free(void *p);

/* zlib for animated PNG chunks (libpng writes single images only): `in` compressed into a
   malloc'd zlib stream (free with cpng_free) of *out_len bytes, NULL when out of memory; and the
   PNG chunk CRC of `bytes`, continuing `crc` (0 to start). */
uint8_t *cpng_deflate(const uint8_t *in, size_t n, size_t *out_len);
uint32_t cpng_crc32(uint32_t crc, const uint8_t *bytes, size_t n);
#endif
