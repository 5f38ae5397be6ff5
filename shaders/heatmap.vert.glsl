#version 330 core
// A full-screen triangle from gl_VertexID alone (no vertex buffer): covers the heatmap's
// framebuffer, one fragment per cell.
void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    gl_Position = vec4(p, 0.0, 1.0);
}
