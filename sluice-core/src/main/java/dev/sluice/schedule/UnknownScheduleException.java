package dev.sluice.schedule;

import dev.sluice.SluiceException;

/** No schedule of that name is defined in this schema. */
public final class UnknownScheduleException extends SluiceException {
    private final String name;

    public UnknownScheduleException(String name) {
        super("Schedule \"" + name + "\" is not defined. Define it with sluice.schedules().define(\"" + name + "\", ...).");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
