package io.lbgate.stats;

import java.util.List;

/**
 * One row of the HTML page, formatted once so that the template and the live-update stream show
 * the same text: 30 cells under HAProxy's column groups (Queue 3, Session rate 3, Sessions 6,
 * Bytes 2, Denied 2, Errors 3, Warnings 2, Server 9).
 *
 * @param id       stable across views ({@code r-<iid>-<F|S|B>-<sid>}) so that updates find the row
 * @param kind     {@code frontend}, {@code server} or {@code backend}
 * @param name     what the name cell shows: {@code Frontend}, the server name, {@code Backend}
 * @param cssClass HAProxy's state class ({@code active_up}, {@code maintain} ...)
 * @param status   the raw status string, for the filter box
 * @param cells    the 30 value cells
 */
public record PageRow(String id, String kind, String name, String cssClass, String status, List<Cell> cells) {

    /** A cell's text and, where HAProxy shows one, its tooltip (empty when none). */
    public record Cell(String text, String title) {
        static Cell of(Object text) {
            return new Cell(text == null ? "" : text.toString(), "");
        }
    }

    public PageRow {
        cells = List.copyOf(cells);
    }

    public boolean isServer() {
        return kind.equals("server");
    }
}
