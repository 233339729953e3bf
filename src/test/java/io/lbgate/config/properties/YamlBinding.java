package io.lbgate.config.properties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** Binds {@code lbgate:} from YAML as the application does, with validation, without a context. */
final class YamlBinding {

    private YamlBinding() {
    }

    static LbgateProperties bind(Path yaml) {
        return bind(new FileSystemResource(yaml));
    }

    static LbgateProperties bind(String yaml) {
        return bind(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "inline yaml"));
    }

    private static LbgateProperties bind(Resource yaml) {
        MutablePropertySources sources = new MutablePropertySources();
        load(yaml).forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources));
        ValidationBindHandler validation = new ValidationBindHandler(new PropertiesValidator());
        BindResult<LbgateProperties> result = binder.bind("lbgate", Bindable.of(LbgateProperties.class), validation);
        // Nothing under lbgate: bind an empty instance, as the application context does.
        return result.orElseGet(() -> binder.bindOrCreate("lbgate", Bindable.of(LbgateProperties.class), validation));
    }

    private static List<PropertySource<?>> load(Resource yaml) {
        try {
            return new YamlPropertySourceLoader().load(yaml.getDescription(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
