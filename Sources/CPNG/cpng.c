#include "cpng.h"
#include <png.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* warning: the first libpng warning, which often says what a terse error means ("Invalid IHDR data"
   follows "Image width exceeds user limit in IHDR"). */
typedef struct { char *buf; size_t len; char warning[160]; } err_sink;

static void on_error(png_structp png, png_const_charp msg) {
    err_sink *sink = (err_sink *)png_get_error_ptr(png);
    if (sink->warning[0]) snprintf(sink->buf, sink->len, "%s (%s)", msg, sink->warning);
    else snprintf(sink->buf, sink->len, "%s", msg);
    png_longjmp(png, 1);
}
static void on_warning(png_structp png, png_const_charp msg) {
    err_sink *sink = (err_sink *)png_get_error_ptr(png);
    if (!sink->warning[0]) snprintf(sink->warning, sizeof sink->warning, "%s", msg);
}

/* libpng allocates a buffer of a text (and some other) chunk's declared length before reading it, so a
   100-byte file whose tEXt chunk claims 1 GiB costs a 1 GiB malloc. Walk the chunk list first (f is just
   past the signature) and refuse any chunk that claims more bytes than the file has left; then rewind. */
static int check_chunk_lengths(FILE *f, char *err, size_t errlen) {
    struct stat st;
    if (fstat(fileno(f), &st) != 0) { snprintf(err, errlen, "%s", strerror(errno)); return -1; }
    if (!S_ISREG(st.st_mode)) return 0; /* a pipe (--labels <(...)) has no size to check and cannot seek */
    long long at = 8, size = (long long)st.st_size;
    unsigned char head[8];
    while (at + 8 <= size) {
        if (fseeko(f, (off_t)at, SEEK_SET) != 0 || fread(head, 1, 8, f) != 8) break;
        long long length = (long long)head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];
        if (length > size - at - 12) {
            char name[5];
            for (int i = 0; i < 4; i++) name[i] = isalpha(head[4 + i]) ? (char)head[4 + i] : '?';
            name[4] = 0;
            snprintf(err, errlen, "truncated or corrupt PNG: chunk '%s' at byte %lld declares %lld bytes, the file has %lld left",
                     name, at, length, size - at - 12 < 0 ? 0 : size - at - 12);
            return -1;
        }
        if (memcmp(head + 4, "IEND", 4) == 0) { at = -1; break; }
        at += 12 + length;
    }
    if (at >= 0) { snprintf(err, errlen, "truncated PNG: the file ends at byte %lld without an IEND chunk", size); return -1; }
    if (fseeko(f, 8, SEEK_SET) != 0) { snprintf(err, errlen, "%s", strerror(errno)); return -1; }
    return 0;
}

uint8_t *cpng_read(const char *path, int mode, size_t max_pixels, cpng_info *info, char *err, size_t errlen) {
    err_sink sink = { err, errlen, "" };
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "%s", strerror(errno)); return NULL; }
    unsigned char sig[8];
    if (fread(sig, 1, 8, f) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
        fclose(f); snprintf(err, errlen, "not a PNG file"); return NULL;
    }
    if (check_chunk_lengths(f, err, errlen) != 0) { fclose(f); return NULL; }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    png_infop pinfo = png ? png_create_info_struct(png) : NULL;
    if (!pinfo) { fclose(f); png_destroy_read_struct(&png, NULL, NULL); snprintf(err, errlen, "out of memory"); return NULL; }
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels); free(rows);
        png_destroy_read_struct(&png, &pinfo, NULL);
        fclose(f);
        return NULL;
    }
    png_init_io(png, f);
    png_set_sig_bytes(png, 8);
    png_set_user_limits(png, 1u << 16, 1u << 16);
    png_read_info(png, pinfo);
    memset(info, 0, sizeof *info);
    info->width = png_get_image_width(png, pinfo);
    info->height = png_get_image_height(png, pinfo);
    info->bit_depth = png_get_bit_depth(png, pinfo);
    info->color_type = png_get_color_type(png, pinfo);
    if ((size_t)info->width * info->height > max_pixels) {
        snprintf(err, errlen, "image is %ux%u, larger than the %zu-pixel limit", info->width, info->height, max_pixels);
        png_longjmp(png, 1);
    }
    if (info->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_colorp pal; int n = 0;
        if (png_get_PLTE(png, pinfo, &pal, &n) && n <= 256) {
            info->palette_size = n;
            for (int i = 0; i < n; i++) {
                info->palette[3 * i] = pal[i].red; info->palette[3 * i + 1] = pal[i].green; info->palette[3 * i + 2] = pal[i].blue;
            }
        }
    }
    int channels;
    if (mode == CPNG_RAW || mode == CPNG_IDS) {
        if (info->bit_depth == 16 && mode == CPNG_RAW) { snprintf(err, errlen, "16-bit PNG; label maps must be 8-bit grey or indexed"); png_longjmp(png, 1); }
        if (info->color_type != PNG_COLOR_TYPE_GRAY && info->color_type != PNG_COLOR_TYPE_PALETTE) {
            snprintf(err, errlen, "colour PNG; label maps must be 8-bit grey or indexed (one label value per pixel)");
            png_longjmp(png, 1);
        }
        if (info->bit_depth < 8) png_set_packing(png); /* unpack to one byte per pixel, values unscaled */
        if (info->bit_depth == 16) png_set_swap(png);  /* host (little-endian) order */
        channels = info->bit_depth == 16 ? 2 : 1;
    } else {
        png_set_expand(png);
        png_set_strip_16(png);
        png_set_strip_alpha(png);
        png_set_gray_to_rgb(png);
        channels = 3;
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, pinfo);
    size_t stride = (size_t)info->width * channels;
    if (png_get_rowbytes(png, pinfo) != stride) { snprintf(err, errlen, "unsupported PNG layout"); png_longjmp(png, 1); }
    pixels = malloc(stride * info->height + 1);
    rows = malloc(sizeof(png_bytep) * (info->height + 1));
    if (!pixels || !rows) { snprintf(err, errlen, "out of memory"); png_longjmp(png, 1); }
    for (uint32_t y = 0; y < info->height; y++) rows[y] = pixels + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    if (mode == CPNG_IDS && channels == 1) {
        /* widen 8-bit values to uint16 so callers see one layout */
        size_t n = (size_t)info->width * info->height;
        uint16_t *wide = malloc(n * 2 + 2);
        if (!wide) { free(pixels); png_destroy_read_struct(&png, &pinfo, NULL); fclose(f); snprintf(err, errlen, "out of memory"); return NULL; }
        for (size_t i = 0; i < n; i++) wide[i] = pixels[i];
        free(pixels);
        pixels = (uint8_t *)wide;
    }
    png_destroy_read_struct(&png, &pinfo, NULL);
    fclose(f);
    return pixels;
}

int cpng_write(const char *path, uint32_t width, uint32_t height, int channels, const uint8_t *pixels,
               const uint8_t *palette, int palette_size, const char *text, char *err, size_t errlen) {
    err_sink sink = { err, errlen, "" };
    FILE *f = fopen(path, "wb");
    if (!f) { snprintf(err, errlen, "%s", strerror(errno)); return -1; }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    png_infop pinfo = png ? png_create_info_struct(png) : NULL;
    if (!pinfo) { fclose(f); png_destroy_write_struct(&png, NULL); snprintf(err, errlen, "out of memory"); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &pinfo);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    int color_type = channels == 3 ? PNG_COLOR_TYPE_RGB : (palette ? PNG_COLOR_TYPE_PALETTE : PNG_COLOR_TYPE_GRAY);
    png_set_IHDR(png, pinfo, width, height, 8, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (palette) {
        png_color pal[256];
        for (int i = 0; i < palette_size && i < 256; i++) {
            pal[i].red = palette[3 * i]; pal[i].green = palette[3 * i + 1]; pal[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, pinfo, pal, palette_size);
    }
    /* tEXt chunks from a copy of `text`, split in place into key/value pairs. */
    char *copy = text && *text ? strdup(text) : NULL;
    png_text entries[32];
    memset(entries, 0, sizeof entries);
    int count = 0;
    for (char *line = copy, *next; line && *line && count < 32; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *eq = strchr(line, '=');
        if (!eq || eq == line) continue;
        *eq = '\0';
        entries[count].compression = PNG_TEXT_COMPRESSION_NONE;
        entries[count].key = line;
        entries[count].text = eq + 1;
        entries[count].text_length = strlen(eq + 1);
        count++;
    }
    if (count > 0) png_set_text(png, pinfo, entries, count);
    png_write_info(png, pinfo);
    free(copy);
    size_t stride = (size_t)width * channels;
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + y * stride));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &pinfo);
    if (fflush(f) != 0 || fclose(f) != 0) { snprintf(err, errlen, "%s", strerror(errno)); return -1; }
    return 0;
}

void cpng_free(void *p) { free(p); }

#include <zlib.h>

uint8_t *cpng_deflate(const uint8_t *in, size_t n, size_t *out_len) {
    uLongf bound = compressBound((uLong)n);
    uint8_t *out = malloc(bound);
    if (out == NULL) return NULL;
    if (compress2(out, &bound, in, (uLong)n, 6) != Z_OK) { free(out); return NULL; }
    *out_len = bound;
    return out;
}

uint32_t cpng_crc32(uint32_t crc, const uint8_t *bytes, size_t n) { return (uint32_t)crc32(crc, bytes, (uInt)n); }
