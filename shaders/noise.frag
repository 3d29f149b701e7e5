#version 330 core
// Checkerboard white noise. Each check's value is a hash of (seed, pattern number, check x, check y), so any
// frame can be drawn on its own, identically on every machine: no random state carried between frames.
uniform float uBackground;
uniform uint uSeed;
uniform uint uPattern;       // frame index since the layer started / refresh_frames
uniform int uCheck;          // check side, pixels
uniform float uContrast;
uniform int uGaussian;
out vec4 color;

// Integer mixer (the same function as SeedHash.Mix on the CPU).
uint mix32(uint x)
{
    x ^= x >> 16; x *= 0x7feb352du;
    x ^= x >> 15; x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

uint cellHash(uvec2 cell, uint stream)
{
    return mix32(uSeed ^ mix32(uPattern ^ mix32(cell.x ^ mix32(cell.y ^ mix32(stream)))));
}

// (h >> 8 + 0.5) / 2^24: uniform in (0, 1), exact in float.
float unit01(uint h) { return (float(h >> 8) + 0.5) * (1.0 / 16777216.0); }

void main()
{
    uvec2 cell = uvec2(gl_FragCoord.xy) / uint(uCheck);
    float w;
    if (uGaussian == 1)
    {
        float u1 = unit01(cellHash(cell, 1u)), u2 = unit01(cellHash(cell, 2u));
        w = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    }
    else w = (cellHash(cell, 0u) & 1u) == 1u ? 1.0 : -1.0;
    color = vec4(clamp(uBackground * (1.0 + uContrast * w), 0.0, 1.0));
}
