# cmake -DLOSSLAB=path/to/losslab -DIN=losslab.bash.in -DOUT=losslab -P gen_completion.cmake:
# fills the completion template with the binary's own lists (labs, figures, curves, keys).
foreach(kind commands labs figures curves keys)
    execute_process(COMMAND ${LOSSLAB} list-names ${kind} OUTPUT_VARIABLE words
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR words STREQUAL "")
        message(FATAL_ERROR "`losslab list-names ${kind}` failed (${rc})")
    endif()
    string(STRIP "${words}" words)
    string(REPLACE "\n" " " words "${words}")
    string(TOUPPER ${kind} upper)
    set(LOSSLAB_${upper} "${words}")
endforeach()
configure_file(${IN} ${OUT} @ONLY)
