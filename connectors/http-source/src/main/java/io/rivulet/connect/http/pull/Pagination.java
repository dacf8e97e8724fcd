package io.rivulet.connect.http.pull;

import io.rivulet.common.ConfigEnums;

/** How an endpoint's next position is found; each keeps different fields in the source offset. */
public enum Pagination {
    CURSOR, LINK, PAGE, INCREMENTING;

    @Override
    public String toString() {
        return ConfigEnums.name(this);
    }
}
