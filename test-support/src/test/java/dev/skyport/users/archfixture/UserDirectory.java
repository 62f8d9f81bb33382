package dev.skyport.users.archfixture;

public class UserDirectory {
}
