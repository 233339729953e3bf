package io.lbgate.stats;

/** The stats row types, with HAProxy's numeric {@code type}, JSON {@code objType} and typed prefix. */
enum RowKind {
    FRONTEND(0, "Frontend", "F"),
    BACKEND(1, "Backend", "B"),
    SERVER(2, "Server", "S");

    private final int code;
    private final String objType;
    private final String letter;

    RowKind(int code, String objType, String letter) {
        this.code = code;
        this.objType = objType;
        this.letter = letter;
    }

    int code() {
        return code;
    }

    String objType() {
        return objType;
    }

    String letter() {
        return letter;
    }
}
