package io.marketflow.persistence.personal;

/** A personal field was to be written for a vendor whose data keys are destroyed: the vendor was erased. */
public class PersonalDataErasedException extends RuntimeException {

    public PersonalDataErasedException(String vendor) {
        super("the personal data of vendor " + vendor + " was erased; nothing personal about them is stored again");
    }
}
