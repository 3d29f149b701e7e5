#version 330 core
in vec2 vLocal;
flat in float vRadius;
flat in float vLuminance;
out vec4 color;

void main()
{
    if (dot(vLocal, vLocal) > vRadius * vRadius) discard;
    color = vec4(clamp(vLuminance, 0.0, 1.0));
}
