#version 330 core
// Window display: a texture scaled into its viewport, nearest pixel (stimulus pixels stay sharp). Textures are
// stored top row first while the window's origin is at the bottom, hence the flip. The stimulus frame is
// luminance (R8, shown gray); the live window's side panel is colour (RGBA8, uRgba).
uniform sampler2D uFrame;
uniform vec4 uViewport;      // x, y, width, height in window pixels
uniform bool uRgba;
out vec4 color;

void main()
{
    vec2 uv = (gl_FragCoord.xy - uViewport.xy) / uViewport.zw;
    vec4 t = texture(uFrame, vec2(uv.x, 1.0 - uv.y));
    color = uRgba ? vec4(t.rgb, 1.0) : vec4(vec3(t.r), 1.0);
}
