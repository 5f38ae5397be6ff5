#pragma once
// The web build's stand-in for glad's OpenGL 3.3 loader: WebGL2 is OpenGL ES 3.0, whose
// functions emscripten links directly. The desktop files that include <glad/gl.h>
// (offscreen export, GPU heatmaps) compile unchanged against it.
#define GLFW_INCLUDE_NONE
#include <GLES3/gl3.h>
