#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets/ into fuzz/.build/ (ignored by git: `.build*/`).
#
# The parser modules are compiled exactly as SwiftPM lays them out (SpadeLatent, ImageIO + the CPNG C
# shim, SpadeEngine + CBLAS and CKernels, StudioCore), each as its own static library with coverage and
# AddressSanitizer (`-sanitize=fuzzer,address`; the C shim with `-fsanitize=fuzzer-no-link,address`),
# and `-enable-testing` so a target can `@testable import` internal parsers such as
# `SafeTensorsFile.parseHeader`. Swift code is built with `-O`, i.e. with overflow and bounds checks
# on (the package builds SpadeEngine with -Ounchecked, where those checks are gone; a trap here is
# undefined behaviour there).
#
# Usage: fuzz/build.sh [TARGET...]   (default: every fuzz/targets/*.swift)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH=/opt/swift/usr/bin:$PATH
B=$ROOT/fuzz/.build
mkdir -p "$B/modules"

SAN=(-sanitize=fuzzer,address)
SWIFTFLAGS=(-O -parse-as-library -enable-testing -I "$B/modules" -Xcc "-fmodule-map-file=$B/modules/CPNG.modulemap"
            -Xcc "-fmodule-map-file=$B/modules/CHalf.modulemap"
            -Xcc "-fmodule-map-file=$B/modules/CBLAS.modulemap"
            -Xcc "-fmodule-map-file=$B/modules/CKernels.modulemap"
            -suppress-warnings)
# The gold linker warns about every ASan-local symbol; lld does not.
LINK=(-use-ld=lld)

# Build from a snapshot of Sources/ (mtimes kept), so files that others save mid-build do not break it.
rm -rf "$B/src.new" && cp -a Sources "$B/src.new" && rm -rf "$B/src" && mv "$B/src.new" "$B/src"
S=$B/src

# SwiftPM generates CPNG's module map; do the same.
cat > "$B/modules/CPNG.modulemap" <<EOF
module CPNG {
    header "$S/CPNG/include/cpng.h"
    link "png16"
    link "z"
    export *
}
EOF

cat > "$B/modules/CHalf.modulemap" <<EOF
module CHalf {
    header "$S/CHalf/include/chalf.h"
    export *
}
EOF

cat > "$B/modules/CKernels.modulemap" <<EOF
module CKernels {
    header "$S/CKernels/include/spade_kernels.h"
    export *
}
EOF

cat > "$B/modules/CBLAS.modulemap" <<EOF
module CBLAS {
    header "$S/CBLAS/include/spade_blas.h"
    link "dl"
    export *
}
EOF

# Rebuild only when a source is newer than its library.
stale() { # output, sources...
    local out=$1; shift
    [ -e "$out" ] || return 0
    for s in "$@"; do [ "$s" -nt "$out" ] && return 0; done
    [ "$0" -nt "$out" ]
}

library() { # module name, "libraries it imports", sources...
    local name=$1 deps=$2; shift 2
    if stale "$B/lib$name.a" $deps "$@"; then
        echo "build: $name" >&2
        (cd "$B" && swiftc "${SAN[@]}" "${SWIFTFLAGS[@]}" -module-name "$name" -emit-module \
            -emit-module-path "$B/modules/$name.swiftmodule" -emit-library -static -o "$B/lib$name.a" "$@")
    fi
}

# Which parser modules each target needs (so a target builds while another module is mid-edit).
needs() {
    case $1 in
        npy|png) echo ImageIO ;;
        palette|session|film) echo StudioCore ;;
        singan_file) echo SinGAN ;;
        *) echo SpadeEngine ;;
    esac
}

build_module() { # module (and the modules it depends on)
    case $1 in
        SpadeLatent) library SpadeLatent "" "$S"/SpadeLatent/*.swift ;;
        ImageCore) library ImageCore "" "$S"/ImageCore/*.swift ;;
        ImageIO) build_module ImageCore
            if stale "$B/cpng.o" "$S/CPNG/cpng.c" "$S/CPNG/include/cpng.h"; then
                echo "build: CPNG" >&2
                clang -O1 -g -fsanitize=fuzzer-no-link,address -I "$S/CPNG/include" -c "$S/CPNG/cpng.c" -o "$B/cpng.o"
            fi
            library ImageIO "$B/cpng.o $B/libImageCore.a" "$S"/ImageIO/*.swift ;;
        SpadeEngine) build_module SpadeLatent; build_module ImageCore
            if stale "$B/chalf.o" "$S/CHalf/chalf.c" "$S/CHalf/include/chalf.h"; then
                echo "build: CHalf" >&2
                clang -O1 -g -fsanitize=fuzzer-no-link,address -I "$S/CHalf/include" -c "$S/CHalf/chalf.c" -o "$B/chalf.o"
            fi
            if stale "$B/blas.o" "$S/CBLAS/spade_blas.c" "$S/CBLAS/include/spade_blas.h"; then
                echo "build: CBLAS" >&2
                clang -O1 -g -fsanitize=fuzzer-no-link,address -I "$S/CBLAS/include" -c "$S/CBLAS/spade_blas.c" -o "$B/blas.o"
            fi
            if stale "$B/kernels.o" "$S/CKernels/spade_kernels.c" "$S/CKernels/include/spade_kernels.h"; then
                echo "build: CKernels" >&2
                clang -O1 -g -ffp-contract=off -fsanitize=fuzzer-no-link,address -I "$S/CKernels/include" \
                    -c "$S/CKernels/spade_kernels.c" -o "$B/kernels.o"
            fi
            library SpadeEngine "$B/libSpadeLatent.a $B/libImageCore.a $B/chalf.o $B/blas.o $B/kernels.o" $(find "$S/SpadeEngine" -name '*.swift' | sort) ;;
        SinGAN) build_module SpadeEngine
            library SinGAN "$B/libSpadeEngine.a" "$S"/SinGAN/*.swift ;;
        StudioCore) build_module SpadeLatent; build_module ImageIO
            library StudioCore "$B/libSpadeLatent.a $B/libImageIO.a" $(find "$S/StudioCore" -name '*.swift' | sort) ;;
    esac
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(cd fuzz/targets && ls *.swift | sed 's/\.swift$//'))
for t in "${targets[@]}"; do
    module=$(needs "$t")
    build_module "$module"
    case $module in
        ImageIO) libs=(-lImageIO -lImageCore "$B/cpng.o" -lpng16 -lz) ;;
        StudioCore) libs=(-lStudioCore -lImageIO -lImageCore -lSpadeLatent "$B/cpng.o" -lpng16 -lz) ;;
        SinGAN) libs=(-lSinGAN -lSpadeEngine -lImageCore -lSpadeLatent "$B/chalf.o" "$B/blas.o" "$B/kernels.o" -ldl) ;;
        SpadeEngine) libs=(-lSpadeEngine -lImageCore -lSpadeLatent "$B/chalf.o" "$B/blas.o" "$B/kernels.o" -ldl) ;;
    esac
    src=fuzz/targets/$t.swift
    if stale "$B/$t" "$src" fuzz/targets/support/*.swift "$B/lib$module.a" "$B/libImageIO.a" "$B/cpng.o"; then
        echo "build: fuzz target $t" >&2
        swiftc "${SAN[@]}" "${SWIFTFLAGS[@]}" "${LINK[@]}" -module-name "fuzz_$t" "$src" fuzz/targets/support/*.swift \
            -L "$B" "${libs[@]}" -o "$B/$t"
    fi
done
