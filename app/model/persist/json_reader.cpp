#include "model/persist/json_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace losslab::model {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A char iterator that publishes how far the parser has read, so that errors raised from the
// parser callback (depth) or by the parser itself (number overflow) get a place.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* p, const char** cursor) : m_p(p), m_cursor(cursor) {}
    reference operator*() const { return *m_p; }
    CountingIterator& operator++() {
        ++m_p;
        *m_cursor = m_p;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const CountingIterator& o) const { return m_p == o.m_p; }
    bool operator!=(const CountingIterator& o) const { return m_p != o.m_p; }

private:
    const char* m_p;
    const char** m_cursor;
};

// Thrown by the parser callback when nesting exceeds the limit; caught in parse_json.
struct TooDeep {};

// Line and column (1-based) of the byte at `offset` in `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column; // count characters, not UTF-8 continuation bytes
        }
    }
    return {line, column};
}

// nlohmann's parse error text without its "[json.exception...] ... column C: " head, with the
// echoed token ("last read: '...'") shortened.
std::string syntax_reason(const std::string& what) {
    std::string reason = what;
    if (const auto column = reason.find("column "); column != std::string::npos) {
        if (const auto colon = reason.find(": ", column); colon != std::string::npos)
            reason = reason.substr(colon + 2);
    } else if (const auto bracket = reason.find("] "); bracket != std::string::npos) {
        reason = reason.substr(bracket + 2);
    }
    constexpr std::string_view kLastRead = "last read: '";
    if (const auto at = reason.find(kLastRead); at != std::string::npos) {
        const auto start = at + kLastRead.size();
        const auto end = reason.rfind('\'');
        const std::string token =
            end != std::string::npos && end > start ? reason.substr(start, end - start)
                                                    : reason.substr(start);
        reason = reason.substr(0, start) + shorten(token) + "'";
    }
    return shorten(reason, 200);
}

// The deepest nesting of arrays and objects in `text`, counting brackets outside strings (one
// linear pass; `text` is bounded by the size limit). Used only for the message once the depth
// limit has stopped the parser.
int deepest_nesting(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

} // namespace

std::string shorten(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) return std::string(text.substr(0, i)) + "…";
        ++chars;
    }
    return std::string(text);
}

std::string short_dump(const json& value) {
    // Arrays and objects may be large: dump only what is quoted.
    try {
        return shorten(value.dump(-1, ' ', false, json::error_handler_t::replace));
    } catch (const std::exception&) {
        return "(a value that cannot be shown)";
    }
}

Result<json> parse_json(std::string_view text, std::string_view what, const JsonLimits& limits) {
    const std::string name(what);
    if (text.size() > limits.max_bytes)
        return Error{fmt::format("{} is {} bytes; the limit is {} bytes", name, text.size(),
                                 limits.max_bytes)};
    const char* begin = text.data();
    const char* cursor = begin;
    auto place = [&](std::size_t offset) {
        const auto [line, column] = line_column(text, offset);
        return fmt::format("{} line {}, column {}", name, line, column);
    };
    const int max_depth = limits.max_depth;
    json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t event, json&) {
        if ((event == json::parse_event_t::object_start ||
             event == json::parse_event_t::array_start) &&
            depth + 1 > max_depth)
            throw TooDeep{};
        return true;
    };
    try {
        return json::parse(CountingIterator(begin, &cursor),
                           CountingIterator(begin + text.size(), &cursor), limit_depth);
    } catch (const TooDeep&) {
        const std::size_t offset = cursor > begin ? std::size_t(cursor - begin) - 1 : 0;
        // The place is where the limit was first passed; the depth is the file's deepest.
        return Error{fmt::format("{}: nesting requires at most {} levels of arrays and objects, "
                                 "got {}",
                                 place(offset), max_depth,
                                 std::max(deepest_nesting(text), max_depth + 1))};
    } catch (const json::parse_error& e) {
        return Error{fmt::format("{}: not valid JSON ({})", place(e.byte > 0 ? e.byte - 1 : 0),
                                 syntax_reason(e.what()))};
    } catch (const json::out_of_range& e) {
        // 406: a number beyond the double range. The parser has read the number and at most
        // one character after it; step back to the number's first character.
        std::size_t end = std::size_t(cursor - begin);
        if (end > 0 && !is_number_char(text[end - 1])) --end;
        std::size_t start = end;
        while (start > 0 && is_number_char(text[start - 1])) --start;
        const std::string number(text.substr(start, end - start));
        const auto [line, column] = line_column(text, start);
        return Error{fmt::format("{}: number out of range at line {}, column {} (a number "
                                 "requires magnitude at most 1.8e308, got {})",
                                 name, line, column, shorten(number, 24))};
    } catch (const std::exception& e) {
        return Error{fmt::format("{} could not be read ({})", name, shorten(e.what(), 120))};
    }
}

Result<std::string> read_regular_file(const fs::path& path, std::size_t max_bytes) {
    const std::string name = quote(path.string());
    // O_NONBLOCK: opening a named pipe with no writer must not hang; it is refused below.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Error{fmt::format("cannot read {}: {}", name, std::strerror(errno))};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return Error{fmt::format("cannot read {}: {}", name, std::strerror(errno))};
    if (S_ISDIR(st.st_mode)) return Error{fmt::format("{} is a folder, not a file", name)};
    if (!S_ISREG(st.st_mode))
        return Error{fmt::format("{} is not a regular file (a named pipe, socket or device); "
                                 "LossLab reads only regular files",
                                 name)};
    if (std::size_t(st.st_size) > max_bytes)
        return Error{fmt::format("{} is {} bytes; the limit is {} bytes", name, st.st_size,
                                 max_bytes)};
    std::string bytes;
    bytes.resize(std::size_t(st.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return Error{fmt::format("cannot read {}: {}", name, std::strerror(errno))};
        }
        if (n == 0) break; // the file shrank while being read
        done += std::size_t(n);
    }
    bytes.resize(done);
    return bytes;
}

Result<json> read_json_file(const fs::path& path, std::string_view what,
                            const JsonLimits& limits) {
    auto bytes = read_regular_file(path, limits.max_bytes);
    if (!bytes) return bytes.error();
    return parse_json(bytes.value(), what, limits);
}

} // namespace losslab::model
