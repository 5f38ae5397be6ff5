#include "ui/lab_panels.hpp"

namespace losslab::ui {

void draw_focal_lab(model::AppState&, UiContext&) {}

} // namespace losslab::ui
