/**
 * Vendors' personal data, stored only encrypted (crypto-shredding): the data keys, the key-encryption key that wraps
 * them, and the serializer module that encrypts every {@link io.marketflow.api.vendor.Personal} field on its way into
 * the store and decrypts it on the way out. Erasing a vendor destroys their keys.
 */
package io.marketflow.persistence.personal;
