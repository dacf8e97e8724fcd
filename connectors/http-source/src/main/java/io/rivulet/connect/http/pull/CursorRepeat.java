package io.rivulet.connect.http.pull;

/**
 * What a task does when an API hands it a cursor (or next link) it already requested since it last caught up: a
 * cursor that points back to an earlier page, or the current cursor again after a full page. Following it would
 * write the same records again, or fetch one page forever.
 */
public enum CursorRepeat {
    /** The task fails, naming the request and both cursors; nothing past the last written record is committed. */
    FAIL,
    /** The endpoint starts over from its start position (http.incrementing.initial, http.page.start or no cursor). */
    RESTART,
    /** The cursor is followed as the API says (a repeat of the current cursor reads as caught up). */
    IGNORE
}
