export * from '../../bin/local/image-builder';
