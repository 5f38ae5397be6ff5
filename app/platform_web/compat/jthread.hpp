#pragma once
// Included first in every C++ file of the browser build (web/CMakeLists.txt): emscripten
// 3.1.6's libc++ has no std::jthread, and the page is built without threads. This stand-in
// runs the work on the calling thread as it is started, so a "background" job has finished
// when its start() returns; joinable() is false, join() does nothing.
#include <thread>
#include <type_traits>
#include <utility>

#if !defined(__cpp_lib_jthread)
namespace std {
class jthread {
public:
    jthread() noexcept = default;
    template <class F, class... Args>
        requires(!std::is_same_v<std::remove_cvref_t<F>, jthread>)
    explicit jthread(F&& f, Args&&... args) {
        std::forward<F>(f)(std::forward<Args>(args)...);
    }
    jthread(jthread&&) noexcept = default;
    jthread& operator=(jthread&&) noexcept = default;
    bool joinable() const noexcept { return false; }
    void join() {}
    void detach() {}
};
} // namespace std
#endif
