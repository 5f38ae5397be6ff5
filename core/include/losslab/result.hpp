#pragma once
// Result<T>: the value of an operation that can fail because of user or environment input,
// or an Error whose message says what was required and what was received. Programmer
// mistakes use LOSSLAB_ASSERT instead (see assert.hpp).

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace losslab {

// A user-facing error: `message` reads "`what` requires `allowed`, got `value`" or similar.
struct Error {
    std::string message;
};

// Builds the canonical message "<what> requires <allowed>, got <got>".
inline Error make_error(const std::string& what, const std::string& allowed,
                        const std::string& got) {
    return Error{what + " requires " + allowed + ", got " + got};
}

// `text` in single quotes, for messages: quote("x") is "'x'".
inline std::string quote(std::string_view text) {
    std::string s;
    s.reserve(text.size() + 2);
    s.push_back('\'');
    s.append(text);
    s.push_back('\'');
    return s;
}

// Either a T or an Error. Cheap, explicit, no exceptions across the core's boundary.
template <class T> class Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    // True when a value is held.
    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    // The value; only valid when ok().
    T& value() & { return std::get<T>(m_data); }
    const T& value() const& { return std::get<T>(m_data); }
    T&& value() && { return std::get<T>(std::move(m_data)); }

    // The error; only valid when !ok().
    const Error& error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result of an operation with no value on success.
struct Ok {};
using Status = Result<Ok>;

} // namespace losslab
