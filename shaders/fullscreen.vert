#version 330 core
// One triangle that covers the whole target; fragment shaders work from gl_FragCoord (pixel centres).
// The offscreen frame is stored top row first, so gl_FragCoord.y grows downwards like scene coordinates.
void main()
{
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
