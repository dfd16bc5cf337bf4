package dev.muninn.bench;

import java.util.List;

/** The ~200-byte document both systems store, as an entity for the RavenDB client and as JSON for PostgreSQL. */
public class BenchDocument {
    private String name;
    private String email;
    private int age;
    private List<String> tags;
    private Address address;

    public static class Address {
        private String city;
        private String zip;

        public String getCity() { return city; }
        public void setCity(String city) { this.city = city; }
        public String getZip() { return zip; }
        public void setZip(String zip) { this.zip = zip; }
    }

    /** The name of {@code sample(n)}. */
    public static String nameOf(long n) {
        return "user-" + n;
    }

    public static BenchDocument sample(long n) {
        BenchDocument doc = new BenchDocument();
        doc.name = nameOf(n);
        doc.email = "user-" + n + "@example.com";
        doc.age = (int) (18 + n % 60);
        doc.tags = List.of("bench", n % 2 == 0 ? "even" : "odd");
        doc.address = new Address();
        doc.address.city = "City " + (n % 100);
        doc.address.zip = String.format("%05d", n % 100_000);
        return doc;
    }

    /** The same content as JSON text, for the JSONB column. */
    public String toJson() {
        return "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"age\":" + age
                + ",\"tags\":[\"" + tags.get(0) + "\",\"" + tags.get(1) + "\"],\"address\":{\"city\":\""
                + address.city + "\",\"zip\":\"" + address.zip + "\"}}";
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public int getAge() { return age; }
    public void setAge(int age) { this.age = age; }
    public List<String> getTags() { return tags; }
    public void setTags(List<String> tags) { this.tags = tags; }
    public Address getAddress() { return address; }
    public void setAddress(Address address) { this.address = address; }
}
