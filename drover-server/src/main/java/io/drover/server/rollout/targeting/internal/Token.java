package io.drover.server.rollout.targeting.internal;

/** One token of a filter, with its 1-based position for error messages. */
record Token(Kind kind, String text, int position) {
    enum Kind { WORD, STRING, OPERATOR, OPEN, CLOSE, COMMA, END }
}
