package io.rivulet.schemas;

import java.util.List;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Turns an Avro schema (e.g. order.avsc) into the Connect schema records are built with, so that any converter can
 * write them: {@code timestamp-millis} becomes Connect {@code Timestamp}, {@code ["null", T]} an optional T.
 */
public final class AvroSchemaConverter {
    private AvroSchemaConverter() {
    }

    public static org.apache.avro.Schema parse(String avsc) {
        try {
            return new org.apache.avro.Schema.Parser().parse(avsc);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    public static Schema toConnect(org.apache.avro.Schema avro) {
        return builder(avro).build();
    }

    private static SchemaBuilder builder(org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        switch (avro.getType()) {
            case RECORD: {
                SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
                if (avro.getDoc() != null) {
                    struct.doc(avro.getDoc());
                }
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    SchemaBuilder fieldSchema = builder(field.schema());
                    Object defaultValue = field.hasDefaultValue() ? field.defaultVal() : null;
                    if (defaultValue != null && defaultValue != org.apache.avro.JsonProperties.NULL_VALUE
                            && isPrimitive(fieldSchema.type())) {
                        fieldSchema.defaultValue(primitiveDefault(fieldSchema.type(), defaultValue));
                    }
                    struct.field(field.name(), fieldSchema.build());
                }
                return struct;
            }
            case UNION: {
                List<org.apache.avro.Schema> types = avro.getTypes();
                if (types.size() == 2 && types.get(0).getType() == org.apache.avro.Schema.Type.NULL) {
                    return builder(types.get(1)).optional();
                }
                if (types.size() == 2 && types.get(1).getType() == org.apache.avro.Schema.Type.NULL) {
                    return builder(types.get(0)).optional();
                }
                throw new IllegalArgumentException("union " + avro + " is not supported: only [\"null\", T]");
            }
            case STRING:
            case ENUM:
                return SchemaBuilder.string();
            case BOOLEAN:
                return SchemaBuilder.bool();
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return Date.builder();
                }
                if (logical instanceof LogicalTypes.TimeMillis) {
                    return Time.builder();
                }
                return SchemaBuilder.int32();
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return Timestamp.builder();
                }
                return SchemaBuilder.int64();
            case FLOAT:
                return SchemaBuilder.float32();
            case DOUBLE:
                return SchemaBuilder.float64();
            case BYTES:
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal) {
                    return Decimal.builder(((LogicalTypes.Decimal) logical).getScale());
                }
                return SchemaBuilder.bytes();
            case ARRAY:
                return SchemaBuilder.array(builder(avro.getElementType()).build());
            case MAP:
                return SchemaBuilder.map(Schema.STRING_SCHEMA, builder(avro.getValueType()).build());
            default:
                throw new IllegalArgumentException("Avro type " + avro.getType() + " is not supported");
        }
    }

    private static boolean isPrimitive(Schema.Type type) {
        return type.isPrimitive() && type != Schema.Type.BYTES;
    }

    private static Object primitiveDefault(Schema.Type type, Object value) {
        switch (type) {
            case INT32: return ((Number) value).intValue();
            case INT64: return ((Number) value).longValue();
            case FLOAT32: return ((Number) value).floatValue();
            case FLOAT64: return ((Number) value).doubleValue();
            case BOOLEAN: return value;
            default: return value.toString();
        }
    }
}
