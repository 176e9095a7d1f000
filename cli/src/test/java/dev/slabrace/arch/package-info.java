/** Tests of the architecture itself: the package rules between the layers, checked on the classes. */
package dev.slabrace.arch;
