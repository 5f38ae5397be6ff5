#version 330 core
// One heatmap cell per fragment: the cell's value (a float texture the size of the target)
// mapped linearly from [u_lo, u_hi] onto the viridis colormap. The colormap arrives as
// u_viridis, 32 evenly spaced samples of the app's viridis (model/color.hpp), interpolated
// linearly, so the GPU and the ImDrawList fallback paint the same colours.
uniform sampler2D u_values;
uniform float u_lo;
uniform float u_hi;
uniform vec3 u_viridis[32];
out vec4 frag_color;

vec3 viridis(float t) {
    float x = clamp(t, 0.0, 1.0) * 31.0;
    int i = int(min(floor(x), 30.0));
    return mix(u_viridis[i], u_viridis[i + 1], x - float(i));
}

void main() {
    float v = texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r;
    float span = u_hi > u_lo ? u_hi - u_lo : 1.0;
    frag_color = vec4(viridis((v - u_lo) / span), 1.0);
}
