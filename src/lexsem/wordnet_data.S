/* The WordNet table generated at build time (scripts/gen_wordnet.py), as read-only bytes. */
    .section .rodata
    .global retrace_wordnet_begin
    .global retrace_wordnet_end
retrace_wordnet_begin:
    .incbin RETRACE_WORDNET_TABLE
retrace_wordnet_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
