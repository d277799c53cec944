#!/bin/sh
# A deterministic fake sentence encoder for dragoman's tests (no model):
# reads JSON strings, one a line, and writes for each a JSON array of four
# numbers: how often it names a dog (dog, Hund), a cat (cat, Katze), a
# bird (bird, Vogel), and 1. Sentences about the same animal get similar
# vectors in either language, as a real multilingual encoder's would.
# With FAKE_ENCODER_BROKEN set it writes a line that is no vector.
if [ -n "$FAKE_ENCODER_BROKEN" ]; then
    cat > /dev/null
    echo "not a vector"
    exit 0
fi
awk '{
    l = tolower($0)
    d = gsub(/dog|hund/, "", l)
    c = gsub(/cat|katze/, "", l)
    b = gsub(/bird|vogel/, "", l)
    printf "[%d,%d,%d,1]\n", d, c, b
}'
