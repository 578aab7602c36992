// ops MODE: stdin header then data; stdout float32 result
//  r: rmsnorm+mul  : rows n, len k, eps ; x[n*k], w[k]
//  s: softmax_ext  : rows n, len k, scale ; x[n*k] (no mask)
//  p: rope_ext     : heads h, n_tok n, dims d(=head dim), mode, base ; x[n*h*d], pos[n] (int32)
#include <stdio.h>
#include <stdlib.h>
#include "ggml.h"
#include "ggml-cpu.h"
int main(int argc, char**argv){
  struct ggml_init_params ip = { 256*1024*1024, NULL, false };
  struct ggml_context *ctx = ggml_init(ip);
  struct ggml_tensor *out;
  char mode = argv[1][0];
  if (mode=='r' || mode=='s') {
    int n,k; float f; fread(&n,4,1,stdin); fread(&k,4,1,stdin); fread(&f,4,1,stdin);
    struct ggml_tensor *x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, k, n);
    fread(x->data, 4, (size_t)n*k, stdin);
    if (mode=='r') {
      struct ggml_tensor *w = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, k);
      fread(w->data, 4, k, stdin);
      out = ggml_mul(ctx, ggml_rms_norm(ctx, x, f), w);
    } else {
      out = ggml_soft_max_ext(ctx, x, NULL, f, 0.0f);
    }
  } else {
    int h,n,d,md; float base; fread(&h,4,1,stdin); fread(&n,4,1,stdin); fread(&d,4,1,stdin); fread(&md,4,1,stdin); fread(&base,4,1,stdin);
    struct ggml_tensor *x = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, d, h, n);
    fread(x->data, 4, (size_t)n*h*d, stdin);
    struct ggml_tensor *pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, n);
    fread(pos->data, 4, n, stdin);
    out = ggml_rope_ext(ctx, x, pos, NULL, d, md, 0, base, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f);
  }
  struct ggml_cgraph *g = ggml_new_graph(ctx);
  ggml_build_forward_expand(g, out);
  ggml_graph_compute_with_ctx(ctx, g, 1);
  fwrite(out->data, 4, ggml_nelements(out), stdout);
  return 0;
}
