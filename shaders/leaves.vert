#version 330 core
// Dead leaves: one instanced quad per disk, drawn in order so later leaves occlude earlier ones.
layout(location = 0) in vec4 aLeaf;   // centre x, centre y (pixels), radius (pixels), luminance
uniform vec2 uFrameSize;
out vec2 vLocal;                      // pixel offset from the disk centre
flat out float vRadius;
flat out float vLuminance;

void main()
{
    vec2 corner = vec2(gl_VertexID & 1, (gl_VertexID >> 1) & 1) * 2.0 - 1.0;
    // Half a pixel of margin so every pixel centre inside the disk is covered by the quad.
    vLocal = corner * (aLeaf.z + 0.5);
    vRadius = aLeaf.z;
    vLuminance = aLeaf.w;
    gl_Position = vec4((aLeaf.xy + vLocal) / uFrameSize * 2.0 - 1.0, 0.0, 1.0);
}
