// sincos: glibc sincosf of the RoPE angles of 2,048 positions (bases 1e5
// and 1e4, 64 dimensions), built by repeated products as ggml does.
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <string.h>
int main(){
  // thetas as ggml builds them: theta = pos; theta *= theta_scale
  float bases[2] = {100000.0f, 10000.0f}; int dims[2]={64,64};
  for (int b=0;b<2;b++){
  float ts = powf(bases[b], -2.0f/dims[b]);
  unsigned u; memcpy(&u,&ts,4); printf("ts %08x\n", u);
  for (int pos=0; pos<2048; pos++){
    float theta = (float)pos;
    for (int i0=0;i0<dims[b];i0+=2){
      float s,c; sincosf(theta,&s,&c);
      unsigned us,uc,ut; memcpy(&us,&s,4); memcpy(&uc,&c,4); memcpy(&ut,&theta,4);
      printf("%08x %08x %08x\n", ut, uc, us);
      theta *= ts;
    }
  }}
}
