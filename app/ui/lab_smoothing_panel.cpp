#include "ui/lab_panels.hpp"

namespace losslab::ui {

void draw_smoothing_lab(model::AppState&, UiContext&) {}

} // namespace losslab::ui
