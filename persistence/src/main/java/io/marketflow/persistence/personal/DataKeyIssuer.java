package io.marketflow.persistence.personal;

/** Gives a vendor a new data key: what a new profile needs before anything personal of theirs is stored. */
public interface DataKeyIssuer {

    /** Creates {@code vendor}'s next key, in the transaction open on this thread; answers its generation. */
    int issueFor(String vendor);
}
