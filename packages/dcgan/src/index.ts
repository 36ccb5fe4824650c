/** @deeper/dcgan: Deep Convolutional GANs (Radford, Metz & Chintala 2016). */
export { dcganGenerator, dcganGeneratorDefaults, resolveDcganGeneratorConfig, type DcganGeneratorConfig } from './dcgan-generator';
export { dcganDiscriminator, dcganDiscriminatorDefaults, resolveDcganDiscriminatorConfig, type DcganDiscriminatorConfig } from './dcgan-discriminator';
