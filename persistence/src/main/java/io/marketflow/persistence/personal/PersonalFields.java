package io.marketflow.persistence.personal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import io.marketflow.api.vendor.Personal;
import io.marketflow.api.vendor.VendorId;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.util.ClassUtils;

/**
 * Every {@link Personal} field as it is stored: not the text but an envelope,
 * {@code {"personal":1,"vendor":"…","key":<generation>,"data":"<base64 of nonce, ciphertext and tag>"}}, sealed with
 * AES-GCM under the vendor's data key, with the field's identity ({@code <message type>.<field>}, the vendor and the
 * generation) as associated data, so that a ciphertext moved to another field or vendor does not open. Reading one
 * gives the text again, or {@code null} once the vendor's key is destroyed. Empty text is stored as it is, and text
 * stored before fields were encrypted is read as it is. A writing transaction opens only the fields its side's
 * writers keep (a projector's batch, those some projection keeps; a command or a snapshot, those some aggregate
 * keeps): the others are read as {@code null} and stay sealed, so no plaintext is made that nothing keeps, a batch of
 * status changes (whose reasons no projection keeps) reads no key at all, and a market loaded from its events (it
 * keeps no personal field) reads no key, instead of opening every submission's name and note and locking every
 * applicant's key.
 */
public final class PersonalFields {

    static final String MARK = "personal";
    /** Where the stored messages are. */
    private static final String MESSAGES = "io.marketflow.api";

    private final VendorDataKeys keys;
    private final boolean refuseWhenErased;
    private final Set<String> openWhenWriting;

    /**
     * @param refuseWhenErased whether writing a field of an erased vendor throws {@link PersonalDataErasedException}
     *                         (a command must not go on) rather than writes {@code null}
     * @param openWhenWriting  the fields ({@code <message type>.<field>}) a writing transaction opens, the ones this
     *                         side's projections or aggregates keep; {@code null} to open every field in every
     *                         transaction
     */
    public PersonalFields(VendorDataKeys keys, boolean refuseWhenErased, Set<String> openWhenWriting) {
        this.keys = keys;
        this.refuseWhenErased = refuseWhenErased;
        this.openWhenWriting = openWhenWriting == null ? null : Set.copyOf(openWhenWriting);
        if (openWhenWriting != null) {
            Set<String> unknown = new TreeSet<>(openWhenWriting);
            unknown.removeAll(declared());
            if (!unknown.isEmpty()) {
                // a misspelt name would leave a field an aggregate or a projection keeps unopened, read as null
                throw new IllegalStateException("marketflow.personal-data.open-when-writing names " + unknown
                        + ", which no @Personal field of a message in " + MESSAGES + " is; they are "
                        + new TreeSet<>(declared()));
            }
        }
    }

    /** Every {@link Personal} field of the stored messages, as {@code <message type>.<field>}. */
    static Set<String> declared() {
        return Declared.FIELDS;
    }

    /** Read once, from the messages' package. */
    private static final class Declared {

        static final Set<String> FIELDS = scan();

        private static Set<String> scan() {
            ClassPathScanningCandidateComponentProvider scanner =
                    new ClassPathScanningCandidateComponentProvider(false);
            scanner.addIncludeFilter((reader, factory) -> true);
            Set<String> fields = new TreeSet<>();
            for (BeanDefinition message : scanner.findCandidateComponents(MESSAGES)) {
                Class<?> type = ClassUtils.resolveClassName(message.getBeanClassName(),
                        PersonalFields.class.getClassLoader());
                for (Field field : type.getDeclaredFields()) {
                    // a record component's annotation is its field's too
                    if (field.isAnnotationPresent(Personal.class)) {
                        fields.add(type.getSimpleName() + "." + field.getName());
                    }
                }
            }
            return Set.copyOf(fields);
        }
    }

    /** Whether {@code field} is opened here: in any reading transaction, in a writing one if its side keeps it. */
    private boolean opensHere(String field) {
        return openWhenWriting == null || openWhenWriting.contains(field) || !VendorDataKeys.writing();
    }

    /** The Jackson module of the storage mapper that seals and opens the fields of stored messages. */
    public SimpleModule module() {
        SimpleModule module = new SimpleModule("marketflow-personal-fields") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.insertAnnotationIntrospector(new Introspector());
            }
        };
        return module;
    }

    /**
     * {@code payload}, a stored message of type {@code type} (its simple name) read as a tree, with every envelope at
     * its top level opened: for showing a stored event as JSON (history, export) without its Java type.
     */
    public JsonNode reveal(JsonNode payload, String type) {
        if (!(payload instanceof ObjectNode object)) {
            return payload;
        }
        ObjectNode revealed = object.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (isEnvelope(field.getValue())) {
                String text = open(field.getValue(), type + "." + field.getKey());
                revealed.set(field.getKey(), text == null ? JsonNodeFactory.instance.nullNode()
                        : JsonNodeFactory.instance.textNode(text));
            }
        }
        return revealed;
    }

    private static boolean isEnvelope(JsonNode node) {
        return node != null && node.isObject() && node.path(MARK).asInt() == 1 && node.has("data");
    }

    private String open(JsonNode envelope, String field) {
        String vendor = envelope.path("vendor").asText();
        int generation = envelope.path("key").asInt();
        Optional<VendorDataKeys.DataKey> key = keys.of(vendor, generation);
        if (key.isEmpty()) {
            return null;
        }
        try {
            byte[] text = Gcm.open(key.get().key(), Base64.getDecoder().decode(envelope.path("data").asText()),
                    associatedData(field, vendor, generation));
            return new String(text, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the personal field " + field + " of vendor " + vendor
                    + " does not open under its own identity: altered, or moved from another field", e);
        }
    }

    private void seal(String text, String field, String vendor, JsonGenerator out) throws IOException {
        Optional<VendorDataKeys.DataKey> key = keys.forWriting(vendor);
        if (key.isEmpty()) {
            if (refuseWhenErased) {
                throw new PersonalDataErasedException(vendor);
            }
            out.writeNull();
            return;
        }
        byte[] sealed;
        try {
            sealed = Gcm.seal(key.get().key(), text.getBytes(StandardCharsets.UTF_8),
                    associatedData(field, vendor, key.get().generation()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the personal field " + field, e);
        }
        out.writeStartObject();
        out.writeNumberField(MARK, 1);
        out.writeStringField("vendor", vendor);
        out.writeNumberField("key", key.get().generation());
        out.writeStringField("data", Base64.getEncoder().encodeToString(sealed));
        out.writeEndObject();
    }

    private static byte[] associatedData(String field, String vendor, int generation) {
        return ("marketflow-personal|" + field + "|" + vendor + "|" + generation).getBytes(StandardCharsets.UTF_8);
    }

    /** Gives each {@link Personal} text field the sealing serializer and the opening deserializer. */
    private final class Introspector extends NopAnnotationIntrospector {

        @Override
        public Object findSerializer(Annotated annotated) {
            return annotated.hasAnnotation(Personal.class) ? new Sealing(null, null) : null;
        }

        @Override
        public Object findDeserializer(Annotated annotated) {
            return annotated.hasAnnotation(Personal.class) ? new Opening(null) : null;
        }
    }

    /** Seals a field's text; made for each field, which knows its identity and where its vendor is. */
    private final class Sealing extends JsonSerializer<String> implements ContextualSerializer {

        private final String field;
        private final Method vendorAccessor;

        Sealing(String field, Method vendorAccessor) {
            this.field = field;
            this.vendorAccessor = vendorAccessor;
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) {
            if (property == null) {
                return this;
            }
            Class<?> message = property.getMember().getDeclaringClass();
            Personal personal = property.getAnnotation(Personal.class);
            try {
                Method accessor = message.getDeclaredMethod(personal.of());
                accessor.setAccessible(true);
                return new Sealing(message.getSimpleName() + "." + property.getName(), accessor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(message.getName() + "." + property.getName() + " is @Personal of "
                        + personal.of() + ", which " + message.getSimpleName() + " does not have", e);
            }
        }

        @Override
        public void serialize(String text, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (field == null) {
                throw new IllegalStateException("a personal field was about to be written without its identity");
            }
            if (text.isEmpty()) {
                out.writeString(text);
                return;
            }
            seal(text, field, vendorOf(out.currentValue()), out);
        }

        private String vendorOf(Object message) {
            Object vendor;
            try {
                vendor = vendorAccessor.invoke(message);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the vendor of " + field, e);
            }
            if (vendor instanceof VendorId id) {
                return id.value();
            }
            throw new IllegalStateException(field + " names as its vendor a field that holds no VendorId");
        }
    }

    /** Opens a field's envelope, or reads text stored before fields were sealed. */
    private final class Opening extends JsonDeserializer<String> implements ContextualDeserializer {

        private final String field;

        Opening(String field) {
            this.field = field;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            if (property == null) {
                return this;
            }
            return new Opening(property.getMember().getDeclaringClass().getSimpleName() + "." + property.getName());
        }

        @Override
        public String deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_STRING) {
                return in.getText();
            }
            if (in.currentToken() != JsonToken.START_OBJECT) {
                return (String) context.handleUnexpectedToken(String.class, in);
            }
            if (field != null && !opensHere(field)) {
                in.skipChildren();
                return null;
            }
            JsonNode envelope = in.readValueAsTree();
            if (field == null || !isEnvelope(envelope)) {
                throw new IllegalStateException("a personal field holds an object that is no envelope");
            }
            return open(envelope, field);
        }
    }
}
