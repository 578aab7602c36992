// mm: C = mul_mat(A, B) through ggml's CPU backend. A: f16 (or f32) [k, m], B: f32 [k, n]
// stdin: m n k atype(0=f32,1=f16) then A as float32 (m*k), B as float32 (n*k); stdout: C float32 (n*m)
#include <stdio.h>
#include <stdlib.h>
#include "ggml.h"
#include "ggml-cpu.h"
int main(){
  int m,n,k,at; if (fread(&m,4,1,stdin)!=1) return 1; fread(&n,4,1,stdin); fread(&k,4,1,stdin); fread(&at,4,1,stdin);
  float *a = malloc(4L*m*k), *b = malloc(4L*n*k);
  fread(a,4,(size_t)m*k,stdin); fread(b,4,(size_t)n*k,stdin);
  struct ggml_init_params ip = { 512*1024*1024, NULL, false };
  struct ggml_context *ctx = ggml_init(ip);
  struct ggml_tensor *A = ggml_new_tensor_2d(ctx, at ? GGML_TYPE_F16 : GGML_TYPE_F32, k, m);
  struct ggml_tensor *B = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, k, n);
  for (long i=0;i<(long)m*k;i++) { if (at) ((ggml_fp16_t*)A->data)[i] = ggml_fp32_to_fp16(a[i]); else ((float*)A->data)[i]=a[i]; }
  for (long i=0;i<(long)n*k;i++) ((float*)B->data)[i]=b[i];
  struct ggml_tensor *C = ggml_mul_mat(ctx, A, B);
  struct ggml_cgraph *g = ggml_new_graph(ctx);
  ggml_build_forward_expand(g, C);
  ggml_graph_compute_with_ctx(ctx, g, 1);
  fwrite(C->data, 4, (size_t)m*n, stdout);
  return 0;
}
