// gt: writes llama.cpp's half-precision GELU table (ggml_table_gelu_f16).
#include <stdio.h>
#include <stdint.h>
void ggml_cpu_init(void);
extern uint16_t ggml_table_gelu_f16[1<<16];
int main(){ ggml_cpu_init(); fwrite(ggml_table_gelu_f16, 2, 1<<16, stdout); return 0; }
