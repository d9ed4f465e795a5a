package io.drover.server.compat;

/** How a version is compared with a bound: {@code = != < <= > >=}. */
public enum Comparison {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The comparison written as {@code symbol}, or null when it is none. */
    public static Comparison ofSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        return null;
    }

    /** Whether {@code value} compared with {@code bound} satisfies this comparison. */
    public boolean holds(Version value, Version bound) {
        int order = value.compareTo(bound);
        return switch (this) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
    }
}
