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
//   reftok MODEL.gguf special
//   reftok MODEL.gguf CASES.bin detok
//
// CASES.bin is a sequence of records: uint32 little-endian length, then that
// many bytes. For every record reftok prints four lines, one per mode in the
// order (add_special, parse_special) = (0,0) (1,0) (0,1) (1,1); each line is
// the ids separated by single spaces (empty line for no ids).
// With "bench" it instead tokenizes every record once per pass with
// (add_special=0, parse_special=0) for at least 2 s and prints MB/s (wall
// clock) and cpu-MB/s (process CPU time, steadier on a shared machine).
// With "special" it prints the special token ids, the add_bos/add_eos flags,
// the end-of-generation ids and every token whose attributes are not just
// NORMAL (as "id attr").
// With "detok" it tokenizes every record with add_special=1, parse_special=1
// and prints, per record, one line of four 64-bit FNV-1a hashes (hex) of
// llama_detokenize's output for (remove_special, unparse_special) = (0,0)
// (1,0) (0,1) (1,1).
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

static double cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

    if (strcmp(argv[2], "special") == 0) {
        printf("bos %d\neos %d\neot %d\nsep %d\npad %d\nadd_bos %d\nadd_eos %d\neog",
               llama_vocab_bos(vocab), llama_vocab_eos(vocab), llama_vocab_eot(vocab), llama_vocab_sep(vocab),
               llama_vocab_pad(vocab), llama_vocab_get_add_bos(vocab), llama_vocab_get_add_eos(vocab));
        int nv = llama_vocab_n_tokens(vocab);
        for (int id = 0; id < nv; id++) {
            if (llama_vocab_is_eog(vocab, id)) printf(" %d", id);
        }
        printf("\n");
        for (int id = 0; id < nv; id++) {
            int a = (int)llama_vocab_get_attr(vocab, id);
            if (a != LLAMA_TOKEN_ATTR_NORMAL) printf("%d %d\n", id, a);
        }
        return 0;
    }

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
    int detok = argc > 3 && strcmp(argv[3], "detok") == 0;
    if (detok) {
        llama_token *ids = malloc(sizeof(llama_token) * cap);
        int tcap = 1 << 24;
        char *text = malloc(tcap);
        for (long off = 0; off + 4 <= size;) {
            uint32_t n;
            memcpy(&n, buf + off, 4);
            off += 4;
            int r = llama_tokenize(vocab, buf + off, (int32_t)n, ids, cap, true, true);
            off += n;
            for (int mode = 0; mode < 4; mode++) {
                int m = llama_detokenize(vocab, ids, r, text, tcap, mode & 1, (mode >> 1) & 1);
                uint64_t h = 0xcbf29ce484222325ull;
                for (int i = 0; i < m; i++) {
                    h ^= (unsigned char)text[i];
                    h *= 0x100000001b3ull;
                }
                printf(mode ? " %016llx" : "%016llx", (unsigned long long)h);
            }
            printf("\n");
        }
        return 0;
    }
    llama_token *toks = malloc(sizeof(llama_token) * cap);
    int bench = argc > 3 && strcmp(argv[3], "bench") == 0;

    if (bench) {
        long bytes = 0;
        int passes = 0;
        double t0 = now(), c0 = cpu();
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
        double dt = now() - t0, dc = cpu() - c0;
        printf("passes=%d bytes=%ld seconds=%.3f MB/s=%.2f cpu-MB/s=%.2f\n", passes, bytes, dt, bytes / dt / 1e6, bytes / dc / 1e6);
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
