#version 330 core
// Gratings: L = background * (1 + contrast * w(cycles)), w = sine or square wave.
uniform float uBackground;
uniform vec2 uCenter;        // phase origin and aperture centre, pixels
uniform vec2 uDirection;     // unit wave vector in pixel coordinates (y down)
uniform float uCyclesPerPx;
uniform float uPhase;        // cycles at uCenter (spatial phase minus drift), reduced to [0, 1) on the CPU
uniform float uContrast;     // signed: contrast reversal multiplies it by the temporal wave
uniform int uSquare;
uniform float uAperture;     // radius in pixels; <= 0 means full field
out vec4 color;

void main()
{
    vec2 d = gl_FragCoord.xy - uCenter;
    if (uAperture > 0.0 && dot(d, d) > uAperture * uAperture) discard;
    float s = sin(6.283185307179586 * (uCyclesPerPx * dot(d, uDirection) + uPhase));
    float w = uSquare == 1 ? (s >= 0.0 ? 1.0 : -1.0) : s;
    color = vec4(clamp(uBackground * (1.0 + uContrast * w), 0.0, 1.0));
}
