// reftok: the llama.cpp reference for hyoka's tokenizer tests.
//
// It links against the libllama shipped with node-llama-cpp (the same build
// node-llama-cpp's tokenize uses) and calls llama_tokenize directly, so the
// input is raw bytes (invalid UTF-8 included) and add_special/parse_special
// are exactly llama_tokenize's flags. node-llama-cpp's own model.tokenize
// cannot do either: it takes a JS string (no invalid UTF-8) and always passes
// add_special=false.
//
//   reftok MODEL.gguf CASES.bin [bench]
//
// CASES.bin is a sequence of records: uint32 little-endian length, then that
// many bytes. For every record reftok prints four lines, one per mode in the
// order (add_special, parse_special) = (0,0) (1,0) (0,1) (1,1); each line is
// the ids separated by single spaces (empty line for no ids).
// With "bench" it instead tokenizes every record once per pass with
// (add_special=0, parse_special=0) for at least 2 s and prints MB/s.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include "llama.h"

static void quiet(enum ggml_log_level level, const char *text, void *ud) {
    (void)level; (void)text; (void)ud;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: reftok MODEL CASES.bin [bench]\n");
        return 2;
    }
    llama_log_set(quiet, NULL);
    llama_backend_init();
    struct llama_model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    struct llama_model *model = llama_model_load_from_file(argv[1], mp);
    if (!model) {
        fprintf(stderr, "reftok: cannot load %s\n", argv[1]);
        return 1;
    }
    const struct llama_vocab *vocab = llama_model_get_vocab(model);

    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(size + 1);
    if (fread(buf, 1, size, f) != (size_t)size) {
        fprintf(stderr, "reftok: short read\n");
        return 1;
    }
    fclose(f);

    int cap = 1 << 20;
    llama_token *toks = malloc(sizeof(llama_token) * cap);
    int bench = argc > 3 && strcmp(argv[3], "bench") == 0;

    if (bench) {
        long bytes = 0;
        int passes = 0;
        double t0 = now();
        do {
            for (long off = 0; off + 4 <= size;) {
                uint32_t n;
                memcpy(&n, buf + off, 4);
                off += 4;
                int r = llama_tokenize(vocab, buf + off, (int32_t)n, toks, cap, false, false);
                if (r < 0) {
                    fprintf(stderr, "reftok: too many tokens\n");
                    return 1;
                }
                bytes += n;
                off += n;
            }
            passes++;
        } while (now() - t0 < 2.0);
        double dt = now() - t0;
        printf("passes=%d bytes=%ld seconds=%.3f MB/s=%.2f\n", passes, bytes, dt, bytes / dt / 1e6);
        return 0;
    }

    for (long off = 0; off + 4 <= size;) {
        uint32_t n;
        memcpy(&n, buf + off, 4);
        off += 4;
        for (int mode = 0; mode < 4; mode++) {
            int add = mode & 1, parse = (mode >> 1) & 1;
            int r = llama_tokenize(vocab, buf + off, (int32_t)n, toks, cap, add, parse);
            if (r < 0) {
                fprintf(stderr, "reftok: too many tokens\n");
                return 1;
            }
            for (int i = 0; i < r; i++) {
                printf(i ? " %d" : "%d", toks[i]);
            }
            printf("\n");
        }
        off += n;
    }
    return 0;
}
