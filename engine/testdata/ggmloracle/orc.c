// orc MODE N: reads N float32 from stdin and writes exp(x) (mode e, through
// ggml_vec_soft_max_f32 with max 0) or silu(x) (mode s, ggml_vec_swiglu_f32
// with gate 1) as llama.cpp's CPU library computes them.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
typedef double ggml_float;
ggml_float ggml_vec_soft_max_f32(const int n, float * y, const float * x, float max);
void ggml_vec_swiglu_f32(const int n, float * y, const float * x, const float * g);
int main(int argc, char** argv){
  // mode e: exp of N floats (x - 0), mode s: silu(x)*1
  int n = atoi(argv[2]);
  float *x = malloc(4*n), *y = malloc(4*n), *g = malloc(4*n);
  fread(x, 4, n, stdin);
  if (argv[1][0]=='e') { ggml_vec_soft_max_f32(n, y, x, 0.0f); }
  else { for (int i=0;i<n;i++) g[i]=1.0f; ggml_vec_swiglu_f32(n, y, x, g); }
  fwrite(y, 4, n, stdout);
  return 0;
}
