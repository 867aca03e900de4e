package org.babelbridge.calls;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;

/** The call control relay, listening on a connection of its own to the application's database. */
@Factory
final class CallControlRelayFactory {

    @Singleton
    @Bean(preDestroy = "close")
    CallControlRelay callControlRelay(@Value("${datasources.default.url}") String url,
                                      @Value("${datasources.default.username:}") String username,
                                      @Value("${datasources.default.password:}") String password,
                                      TransactionOperations<Connection> tx, BridgeInstance instance) {
        return new CallControlRelay(url, username, password, tx, instance);
    }
}
