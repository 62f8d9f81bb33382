package dev.skyport.starter.data;

import dev.skyport.starter.problem.NotFoundException;

/** An update or conditional delete addressed an item that does not exist: 404. */
public class ItemNotFoundException extends NotFoundException {

    public ItemNotFoundException(String table) {
        super("not-found", "Not Found", "No such item in " + table + ".");
    }
}
