package dev.skyport.starter.testapp;

import dev.skyport.starter.dynamo.SkyportTable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

@DynamoDbBean
@SkyportTable(name = "email-guards")
public class EmailGuard {

    private String email;
    private String owner;

    public EmailGuard() {
    }

    public EmailGuard(String email, String owner) {
        this.email = email;
        this.owner = owner;
    }

    @DynamoDbPartitionKey
    @NotBlank
    @Email
    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }
}
