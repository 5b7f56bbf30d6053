package io.marketflow.persistence.personal;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The vendors' data keys and the sealing of their personal fields, for the storage serializer. */
@AutoConfiguration
@EnableConfigurationProperties(PersonalDataProperties.class)
public class PersonalDataAutoConfiguration {

    @Bean
    public KeyEncryptionKeys keyEncryptionKeys(PersonalDataProperties properties) {
        return KeyEncryptionKeys.from(properties);
    }

    @Bean
    public VendorDataKeys vendorDataKeys(ObjectProvider<DataSource> dataSources, KeyEncryptionKeys keks,
                                         PersonalDataProperties properties) {
        // the primary pool first: it is the one that reads keys for reading transactions
        DataSource primary = dataSources.getObject();
        List<DataSource> all = new ArrayList<>(List.of(primary));
        dataSources.orderedStream().filter(other -> other != primary).forEach(all::add);
        return new VendorDataKeys(all, keks, properties.issuesKeys());
    }

    @Bean
    public PersonalFields personalFields(VendorDataKeys keys, PersonalDataProperties properties) {
        return new PersonalFields(keys, properties.issuesKeys(), properties.openWhenWriting());
    }
}
