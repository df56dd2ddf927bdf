package io.streamscorer.registry;

import java.util.function.Consumer;

/** Storage that keeps nothing but the live state: for {@code mock://} scopes and fast tests. */
final class InMemoryRegistryStorage implements RegistryStorage {
    private Consumer<RegistryEvent> apply;

    @Override
    public void open(Consumer<RegistryEvent> apply) {
        this.apply = apply;
    }

    @Override
    public void append(RegistryEvent event) {
        apply.accept(event);
    }

    @Override
    public void close() {}
}
