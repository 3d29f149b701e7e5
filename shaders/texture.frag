#version 330 core
// Images and movie frames: an 8-bit gray texture placed on the frame (fit done on the CPU),
// L = background + gain * (texel - background). Pixels outside the placed image are left to lower layers.
uniform sampler2D uImage;
uniform vec2 uOrigin;        // frame pixel where the image's top-left corner lands
uniform vec2 uSize;          // size of the placed image, frame pixels
uniform float uBackground;
uniform float uGain;
out vec4 color;

void main()
{
    vec2 uv = (gl_FragCoord.xy - uOrigin) / uSize;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThanEqual(uv, vec2(1.0)))) discard;
    float v = texture(uImage, uv).r;
    color = vec4(clamp(uBackground + uGain * (v - uBackground), 0.0, 1.0));
}
