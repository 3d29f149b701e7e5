#version 330 core
// Window display: the 360x360 frame scaled into the letterboxed viewport, nearest pixel (stimulus pixels stay
// sharp). The frame texture is stored top row first while the window's origin is at the bottom, hence the flip.
uniform sampler2D uFrame;
uniform vec4 uViewport;      // x, y, width, height in window pixels
out vec4 color;

void main()
{
    vec2 uv = (gl_FragCoord.xy - uViewport.xy) / uViewport.zw;
    color = vec4(vec3(texture(uFrame, vec2(uv.x, 1.0 - uv.y)).r), 1.0);
}
