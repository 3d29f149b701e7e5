#version 330 core
// Bars (oriented rectangles) and spots (disks) of one luminance; pixels whose centre is inside are drawn.
uniform int uDisk;
uniform vec2 uCenter;        // pixels
uniform vec2 uAxis;          // unit vector along the bar's width (its direction of motion)
uniform vec2 uHalfSize;      // bar: half width along uAxis, half length across it
uniform float uRadius;       // spot radius, pixels
uniform float uLuminance;
out vec4 color;

void main()
{
    vec2 d = gl_FragCoord.xy - uCenter;
    if (uDisk == 1)
    {
        if (dot(d, d) > uRadius * uRadius) discard;
    }
    else
    {
        float along = dot(d, uAxis);
        float across = dot(d, vec2(-uAxis.y, uAxis.x));
        if (abs(along) > uHalfSize.x || abs(across) > uHalfSize.y) discard;
    }
    color = vec4(clamp(uLuminance, 0.0, 1.0));
}
