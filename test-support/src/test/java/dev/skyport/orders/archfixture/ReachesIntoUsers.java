package dev.skyport.orders.archfixture;

import dev.skyport.users.archfixture.UserDirectory;

/** Imports another service's class: what the services rule is there to refuse. */
public class ReachesIntoUsers {

    public UserDirectory directory() {
        return new UserDirectory();
    }
}
