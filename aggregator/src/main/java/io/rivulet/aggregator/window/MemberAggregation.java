package io.rivulet.aggregator.window;

import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A partial aggregation whose open windows are sets of members ({@link OpenWindows}): users for clicks, orders for
 * sales. Subclasses say what a member keeps and how a closed window's members add up.
 */
public abstract class MemberAggregation<E, P> implements PartialAggregation<E, P> {
    protected final OpenWindows members;

    /** @param storeName the mirror store's name, used when {@code durability} is {@code MIRRORED} */
    protected MemberAggregation(OpenWindows.Durability durability, String storeName) {
        this.members = OpenWindows.of(durability, storeName);
    }

    @Override
    public List<StoreBuilder<?>> stores() {
        return members.stores();
    }

    @Override
    public void init(ProcessingContext context) {
        members.init(context);
    }

    @Override
    public long members() {
        return members.members();
    }

    @Override
    public long bytes() {
        return members.bytes();
    }

    @Override
    public boolean isOpen(long windowStart) {
        return members.isOpen(windowStart);
    }
}
