# cmake -DIN=file -DOUT=file.cpp -P embed_bytes.cmake: writes the bytes of IN as
# losslab::platform::kWindowIconPng (and its size) into OUT.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(([^,]*,){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "// Generated from the icon PNG by packaging/embed_bytes.cmake: do not edit.\n"
     "#include <cstddef>\n\nnamespace losslab::platform {\n"
     "extern const unsigned char kWindowIconPng[];\nextern const std::size_t kWindowIconPngSize;\n"
     "const unsigned char kWindowIconPng[] = {\n${bytes}\n};\n"
     "const std::size_t kWindowIconPngSize = ${size};\n} // namespace losslab::platform\n")
